"""The development pages, one module per area: the hub, courses, plans, certification."""

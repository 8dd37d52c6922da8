"""The partner pages, one module per area: countries, engagements, people's partner work, data."""

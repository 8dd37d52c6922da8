"""The workforce pages, one module per area: people and positions, heatmaps, editing, staffing."""

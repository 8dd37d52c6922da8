"""Policies of sales and transfer cases."""

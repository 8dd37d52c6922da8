"""Policies of cooperation programs and international agreements."""

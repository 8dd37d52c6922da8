"""What the programs app announces to the apps that build on it.

An app to the right of programs (controls, evaluation) may not be imported by
it, so programs sends a signal and the other app connects its receiver in its
`ready()`. Receivers run inside the sender's transaction: one that raises a
ValidationError refuses the whole write, and nothing is kept.
"""

from django.dispatch import Signal

# Sent when a delivery of a case line is recorded, after the line is saved:
# sender=CaseLine, line, quantity (delivered now), delivered_on, serial_numbers
# (one per article delivered now, or empty) and user.
line_delivered = Signal()

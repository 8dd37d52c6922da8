"""seccoop: the working system of an international security cooperation directorate."""

"""Reports: read a plan, never solve. Each module writes one kind of output."""

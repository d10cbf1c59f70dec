"""Benchmark readers and runners (CVRPLIB, Cordeau PVRP). Not used by the planning path."""

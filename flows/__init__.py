"""The Prefect shell: find inputs, batch them, call the core, write, report."""

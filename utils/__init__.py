"""Course code that the notebooks import: data, the numpy network, plots and checks."""

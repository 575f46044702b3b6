"""Example submissions named by scenario, built from the release for the demo and the tests."""

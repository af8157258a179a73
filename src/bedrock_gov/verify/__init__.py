"""Live tests of the deployed controls in a sandbox account: the article's four hands-on tests,
automated, each cleaning up what it creates (docs/architecture.md)."""

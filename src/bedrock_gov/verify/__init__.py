"""Live tests of the deployed controls in a sandbox account: four hands-on tests
(model SCP, API-key SCP, Config rule, alerts), each cleaning up what it creates (docs/architecture.md)."""

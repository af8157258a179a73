"""The whole path on an emulated organization (moto in server mode): deploy, plant drift, collect,
audit, report; no AWS account needed (docs/architecture.md)."""

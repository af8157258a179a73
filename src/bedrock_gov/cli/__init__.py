"""The `bedrock-gov` command line. Each command lives in its own module and registers here."""

import typer

from bedrock_gov.cli import evaluate_cmd, prove_cmd

app = typer.Typer(
    name="bedrock-gov",
    help="Governance as code for Amazon Bedrock across an AWS Organization.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("evaluate")(evaluate_cmd.evaluate)
app.add_typer(prove_cmd.app, name="prove")


@app.callback()
def _root() -> None:
    """Governance as code for Amazon Bedrock across an AWS Organization."""


def main() -> None:
    app()

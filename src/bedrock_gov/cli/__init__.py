"""The `bedrock-gov` command line. Each command lives in its own module and registers here."""

import typer

from bedrock_gov.cli import evaluate_cmd, lint_cmd, prove_cmd, render_cmd, rules_cmd

app = typer.Typer(
    name="bedrock-gov",
    help="Governance as code for Amazon Bedrock across an AWS Organization.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("evaluate")(evaluate_cmd.evaluate)
app.command("lint")(lint_cmd.lint_command)
app.command("render")(render_cmd.render_command)
app.command("schema")(render_cmd.schema_command)
app.add_typer(rules_cmd.app, name="rules")
app.add_typer(prove_cmd.app, name="prove")


@app.callback()
def _root() -> None:
    """Governance as code for Amazon Bedrock across an AWS Organization."""


def main() -> None:
    app()

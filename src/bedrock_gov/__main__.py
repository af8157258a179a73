from bedrock_gov.cli import main

main()

from needlecheck.cli import main

main()

from needlecheck.entry import main

main()

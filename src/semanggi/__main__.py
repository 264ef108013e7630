from semanggi.cli import main

main()

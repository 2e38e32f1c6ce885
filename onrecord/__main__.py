from onrecord.commands import main

raise SystemExit(main())

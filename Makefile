.PHONY: serve test setup bench

serve:  ## set up, load the demo and serve on http://127.0.0.1:8000
	scripts/serve.sh

test:   ## set up and run every check and test (SQLite, PostgreSQL, Chromium)
	scripts/test.sh

setup:  ## set up only
	scripts/setup.sh

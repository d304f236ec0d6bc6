// Runs in every e2e worker before the test file: keep framework noise out of test output.
process.env.NO_COLOR = '1';

// Scratch-only helper for the function tests (inlined into each test file before delivery).

/** What a call throws, for tests that look at the error's fields; a call that returns fails the test. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

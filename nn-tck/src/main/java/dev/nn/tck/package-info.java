/**
 * The backend test kit (TCK): JUnit 5 suites that any backend, ours or a third party's, runs by subclassing them in
 * its own tests and naming its provider.
 * <ul>
 *   <li>{@link dev.nn.tck.BackendTestKit}: every kernel of {@link dev.nn.api.backend.Backend},
 *       {@link dev.nn.api.backend.NormKernels} and {@link dev.nn.api.backend.DropoutKernels} against the scalar
 *       reference and against known answers, the memory contract and its lifetime, and determinism across thread
 *       counts;</li>
 *   <li>{@link dev.nn.tck.GoldenTestKit}: every PyTorch / scikit-learn golden file through the conformance
 *       runner;</li>
 *   <li>{@link dev.nn.tck.TrialRunnerContract}: what every {@link dev.nn.validate.trial.TrialRunner} promises
 *       (the sequential local run's results, failures as data, trial order, seeds independent of scheduling,
 *       stopping).</li>
 * </ul>
 * A provider that is installed but unavailable here (its probe says why) is skipped with that reason; a provider
 * that is not installed fails, because the test's setup is wrong.
 */
package dev.nn.tck;

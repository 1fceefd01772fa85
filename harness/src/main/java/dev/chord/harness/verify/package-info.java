/**
 * What {@code chord verify} checks, as a library: each check yields {@link dev.chord.harness.verify.VerifyResult}
 * lines (subject, check, measured value, bound, outcome) that the command prints as text or JSON.
 */
package dev.chord.harness.verify;

// Jest setup for every project: a test fails if it injected a fault naming a call its emulator never made, since such a fault is never injected and the test passes without testing anything.
import { takeFaultsNeverMatched } from '../../workbench';

afterEach(() => {
  const unmatched = takeFaultsNeverMatched();
  if (unmatched.length === 0) return;
  const names = unmatched.map((fault) => fault.call).join(', ');
  throw new Error(
    `Faults were injected for calls the emulator never made (misspelled, or not a call this code makes): ${names}`,
  );
});

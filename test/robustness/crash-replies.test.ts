// Crash recovery (replies by email): the sweep killed at every side-effecting call while it files a reporter's reply and leaves an unmatched email for the owner (the Doc entry, the Inbox rows, the notices, the archiving) must, after the next sweeps, match a run that never crashed: the reply filed once, archived, the owner told once. A reply Gmail put in Spam (ADV-574) likewise, filed once and archived out of Spam, a stranger's junk left there.
import { describeCrashMatrices } from '../support/crash-matrix';

jest.setTimeout(30 * 60 * 1000);

describeCrashMatrices(['replies: filing a reply', 'replies: filing a reply from Spam']);

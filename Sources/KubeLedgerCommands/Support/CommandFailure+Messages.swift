import KubeLedger
import Ledger

/// The messages users see for the lower layers' errors: the facts those errors carry, with the
/// advice that names this CLI's commands and flags.
extension CommandFailure {
    /// The message for an error of the log.
    static func message(for e: LedgerError) -> String {
        switch e {
        case .storeNotFound(let path):
            return "no KubeLedger store at '\(path)'; "
                + "create one with 'kubeledger init' (or append to it), or pass --store"
        case .formatMismatch(let path, let found, let expected) where found < expected:
            return "the store at '\(path)' has format \(found); this kubeledger needs \(expected): "
                + "run 'kubeledger migrate' (take a 'kubeledger backup' first)"
        case .formatMismatch(let path, let found, let expected):
            return "the store at '\(path)' has format \(found), newer than this kubeledger understands (\(expected)); "
                + "upgrade kubeledger"
        case .wrongExpectedVersion(let object, .absent, let actual, _):
            return "conflict: \(object) exists (version \(actual)) but --expect-absent was given; nothing was stored"
        case .wrongExpectedVersion(let object, .exact(let v), let actual, let exists) where exists || actual > 0:
            return "conflict: \(object) is at version \(actual), not \(v); nothing was stored "
                + "(re-read it with 'kubeledger log --name')"
        case .corruptRecord:
            return e.description + "; run 'kubeledger verify'"
        case .notADirectory:
            return e.description + "; --store names a directory holding data.mdb"
        case .logDamaged:
            return e.description + ": restore the store from a backup ('kubeledger restore')"
        case .migrationFoundDamagedRecord(let step, let revision, let cause):
            return "migration \(step) failed: record at revision \(revision) does not decode "
                + "(\(message(for: cause))); run 'kubeledger verify'; the store was left unchanged in its old format"
        default:
            return e.description
        }
    }

    /// The message for a failure of the storage engine under the log.
    static func message(for s: StorageFailure) -> String {
        let raw = s.systemMessage
        let at = s.path.map { " at '\($0)'" } ?? ""
        switch s.kind {
        case .storeMissing:
            return "store\(at) does not exist (\(raw)); create it with 'kubeledger init' or pass --store"
        case .permissionDenied:
            return "no permission to open the store\(at) (\(raw)); "
                + "check the owner and mode of the directory and its files"
        case .diskFull:
            return "the disk holding the store\(at) is full (\(raw)); "
                + "free some space and retry: nothing of this write was stored"
        case .readOnlyFileSystem:
            return "the store\(at) is on a read-only file system (\(raw)); copy it elsewhere to write"
        case .openedReadOnly:
            return "the store at '\(s.path ?? "")' is open read-only (--read-only); "
                + "open it without --read-only to write"
        case .notAStore:
            return "the file\(at) is not a KubeLedger/LMDB store or was written by an incompatible LMDB (\(raw))"
        case .damaged:
            return "the store\(at) is damaged (\(raw)); "
                + "restore it from a backup ('kubeledger backup') and run 'kubeledger verify'"
        case .tooManyReaders:
            return "too many processes read the store\(at) at once (\(raw)); "
                + "close some readers or raise the reader limit"
        case .mapFull:
            return "the store\(at) needs a larger memory map (\(raw)); "
                + "it grows by itself, so this is a bug if you see it"
        case .missingDatabase:
            return "the store at '\(s.path ?? "")' has no '\(s.database ?? "")' database; "
                + "it was not made by this version of KubeLedger or needs 'kubeledger migrate'"
        case .directoryNotCreated:
            return "cannot create the store directory '\(s.path ?? "")': \(raw)"
        case .environmentNotCreated:
            return "cannot create an LMDB environment"
        case .other:
            return "LMDB error\(at) in \(s.operation): \(raw) (code \(s.errorNumber))"
        }
    }

    /// The message for a projection snapshot that does not decode.
    static func message(for e: ProjectionDecodingError) -> String {
        e.description + " Rebuild it with `kubeledger replay`."
    }

    /// What `verify` reports as the problem of `report`, if any.
    static func problem(of report: VerifyReport) -> String? {
        guard let cause = report.decodingError else { return report.problem }
        return "record does not decode: " + message(for: cause)
    }
}

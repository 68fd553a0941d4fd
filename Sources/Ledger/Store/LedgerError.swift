/// Errors of the log, each naming its subject and carrying the facts (paths, revisions, formats).
/// Descriptions say what is wrong, not what to do: a front end knows its own commands and
/// phrases the advice (the CLI: `CommandFailure`).
public enum LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The store directory holds no store (and creating one was not asked for).
    case storeNotFound(path: String)
    /// The store was written in a format this version does not read (older: migrate; newer: upgrade).
    case formatMismatch(path: String, found: UInt32, expected: UInt32)
    /// An expected-version check failed; nothing of the batch was stored.
    case wrongExpectedVersion(object: ObjectKey, expected: ExpectedVersion, actual: UInt64, exists: Bool)
    /// A field is too long to be a key (LMDB keys are at most 511 bytes).
    case keyTooLong(field: String, length: Int)
    /// A field holds a NUL byte, which keys cannot carry.
    case invalidCharacter(field: String)
    /// A stored record cannot be decoded.
    case corruptRecord(revision: UInt64, reason: String)
    /// No event at this revision.
    case revisionNotFound(UInt64)
    /// The store path names something that is not a directory (a store is a directory holding
    /// `data.mdb`).
    case notADirectory(path: String)
    /// A file of the store is not what it must be (a symbolic link, not a regular file).
    case unsafeStoreFile(path: String, reason: String)
    /// The log itself (records or hash chain) is damaged, so indexes cannot be rebuilt from it.
    case logDamaged(revision: UInt64, reason: String)
    /// A migration step failed; the store was left in its old format.
    case migrationFailed(step: String, reason: String)
    /// A migration step met a record that does not decode (`cause`); the store was left in its
    /// old format.
    indirect case migrationFoundDamagedRecord(step: String, revision: UInt64, cause: LedgerError)

    public var description: String {
        switch self {
        case .storeNotFound(let path):
            "no KubeLedger store at '\(path)'"
        case .formatMismatch(let path, let found, let expected) where found < expected:
            "the store at '\(path)' has format \(found); this version reads format \(expected)"
        case .formatMismatch(let path, let found, let expected):
            "the store at '\(path)' has format \(found), newer than this version reads (\(expected))"
        case .wrongExpectedVersion(let object, let expected, let actual, let exists):
            switch expected {
            case .absent:
                "conflict: \(object) exists (version \(actual)) but was expected to be absent; nothing was stored"
            case .exact(let v):
                exists || actual > 0
                    ? "conflict: \(object) is at version \(actual), not \(v); nothing was stored"
                    : "conflict: \(object) does not exist, expected version \(v); nothing was stored"
            case .any: "conflict on \(object)"
            }
        case .keyTooLong(let field, let length):
            "\(field) is \(length) bytes long; at most 400 bytes fit in an index key"
        case .invalidCharacter(let field):
            "\(field) contains a NUL character, which is not allowed"
        case .corruptRecord(let revision, let reason):
            "record at revision \(revision) is damaged: \(reason)"
        case .revisionNotFound(let r):
            "no event at revision \(r)"
        case .notADirectory(let path):
            "refusing to use '\(path)': it is not a directory"
        case .unsafeStoreFile(let path, let reason):
            "refusing to use '\(path)': \(reason)"
        case .logDamaged(let revision, let reason):
            "the log itself is damaged at revision \(revision) (\(reason)); indexes cannot be rebuilt from it"
        case .migrationFailed(let step, let reason):
            "migration \(step) failed: \(reason); the store was left unchanged in its old format"
        case .migrationFoundDamagedRecord(let step, let revision, let cause):
            "migration \(step) failed: record at revision \(revision) does not decode (\(cause)); "
                + "the store was left unchanged in its old format"
        }
    }
}

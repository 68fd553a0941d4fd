import LedgerLMDB

/// A failure of the storage engine under the log (LMDB and the file system), in facts a front
/// end can phrase without knowing LMDB: what kind, where, in which operation, with which system
/// error. `StorageFailure(error)` reads it from any error the ledger threw.
public struct StorageFailure: Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: Sendable, Hashable {
        /// The store directory or a file of it does not exist.
        case storeMissing
        /// The operating system refused access.
        case permissionDenied
        /// The disk is full (nothing of the write was stored).
        case diskFull
        /// The store is on a read-only file system.
        case readOnlyFileSystem
        /// A write was asked of a store opened read-only.
        case openedReadOnly
        /// The file is not an LMDB store, or one written by an incompatible LMDB.
        case notAStore
        /// The store's file is damaged.
        case damaged
        /// Every reader slot is taken.
        case tooManyReaders
        /// The memory map is full (it grows by itself: a bug if seen).
        case mapFull
        /// A named database of the store is missing (``StorageFailure/database``).
        case missingDatabase
        /// The store directory could not be created (``StorageFailure/path`` names it).
        case directoryNotCreated
        /// The storage engine could not set up its environment.
        case environmentNotCreated
        /// Any other failure: see ``StorageFailure/operation`` and ``StorageFailure/errorNumber``.
        case other
    }

    /// The kind of failure.
    public var kind: Kind
    /// The store directory (or the directory being created), when known.
    public var path: String?
    /// The operation that failed, such as `mdb_env_open`.
    public var operation: String
    /// The raw return code (LMDB's or errno); 0 when no call failed.
    public var errorNumber: Int32
    /// The system's or LMDB's own words for ``errorNumber``.
    public var systemMessage: String
    /// The named database concerned, when one is.
    public var database: String?
    /// What failed, in facts (the storage engine's description).
    public var description: String

    /// The storage failure `error` is, or `nil` when it is not one.
    public init?(_ error: any Error) {
        guard let e = error as? LMDBError else { return nil }
        kind = Self.kind(of: e)
        path = e.path
        operation = e.operation
        errorNumber = e.returnCode
        systemMessage = e.systemMessage
        database = e.database
        description = e.description
    }

    private static func kind(of e: LMDBError) -> Kind {
        if e.operation == "mkdir" { return .directoryNotCreated }
        if e.operation == "mdb_env_create" && e.returnCode == 0 { return .environmentNotCreated }
        switch e.code {
        case .fileNotFound: return .storeMissing
        case .permissionDenied: return .permissionDenied
        case .noSpace: return .diskFull
        case .readOnly: return .readOnlyFileSystem
        case .environmentReadOnly: return .openedReadOnly
        case .invalidFile, .versionMismatch: return .notAStore
        case .corrupted, .panic: return .damaged
        case .readersFull: return .tooManyReaders
        case .mapFull: return .mapFull
        case .notFound where e.database != nil: return .missingDatabase
        default: return .other
        }
    }
}

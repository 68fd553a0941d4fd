import LedgerCLMDB

#if canImport(Glibc)
import Glibc
#endif

/// An error from LMDB or the system under it, in facts: the kind of failure, the return code,
/// the operation, the environment directory and, where it matters, the named database. Its
/// description states what failed; what to do about it is the front end's to say.
///
/// Match codes with `catch let error as LMDBError where error.code == .mapFull`, or with the
/// pattern operator: `catch LMDBError.Code.notFound`.
public struct LMDBError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure, an extensible set of named codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case notFound, keyExists, mapFull, mapResized, readersFull, corrupted, panic
            case versionMismatch, invalidFile, databasesFull, transactionFull, badTransaction
            case badValueSize, incompatible, permissionDenied, noSpace, fileNotFound, readOnly
            case environmentReadOnly, busy, other
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A key was not found.
        public static let notFound = Code(.notFound)
        /// A key exists and the put asked not to overwrite it.
        public static let keyExists = Code(.keyExists)
        /// The memory map is full. The environment grows the map by itself; callers rarely see this.
        public static let mapFull = Code(.mapFull)
        /// Another process grew the map. The environment adopts the new size by itself.
        public static let mapResized = Code(.mapResized)
        /// Every reader slot is taken.
        public static let readersFull = Code(.readersFull)
        /// The file is corrupted.
        public static let corrupted = Code(.corrupted)
        /// LMDB hit a fatal error.
        public static let panic = Code(.panic)
        /// The file was written by an incompatible LMDB version.
        public static let versionMismatch = Code(.versionMismatch)
        /// The file is not an LMDB file.
        public static let invalidFile = Code(.invalidFile)
        /// Too many named databases.
        public static let databasesFull = Code(.databasesFull)
        /// The transaction has too many dirty pages.
        public static let transactionFull = Code(.transactionFull)
        /// The transaction must be aborted after an earlier error.
        public static let badTransaction = Code(.badTransaction)
        /// A key or value size is invalid.
        public static let badValueSize = Code(.badValueSize)
        /// The database was opened with incompatible flags.
        public static let incompatible = Code(.incompatible)
        /// The operating system refused access.
        public static let permissionDenied = Code(.permissionDenied)
        /// The disk is full.
        public static let noSpace = Code(.noSpace)
        /// A file or directory does not exist.
        public static let fileNotFound = Code(.fileNotFound)
        /// The file system is read-only (`EROFS`).
        public static let readOnly = Code(.readOnly)
        /// A write transaction was asked of an environment opened read-only
        /// (``Environment/Configuration/isReadOnly``); no system call failed.
        public static let environmentReadOnly = Code(.environmentReadOnly)
        /// A resource is busy.
        public static let busy = Code(.busy)
        /// Any other error; see ``LMDBError/returnCode``.
        public static let other = Code(.other)

        public var description: String { "\(base)" }

        /// Lets callers write `catch LMDBError.Code.mapFull`.
        public static func ~= (pattern: Code, error: any Error) -> Bool {
            (error as? LMDBError)?.code == pattern
        }

        // MARK: - Mapping

        static func from(returnCode rc: Int32) -> Code {
            switch rc {
            case MDB_NOTFOUND: .notFound
            case MDB_KEYEXIST: .keyExists
            case MDB_MAP_FULL: .mapFull
            case MDB_MAP_RESIZED: .mapResized
            case MDB_READERS_FULL: .readersFull
            case MDB_CORRUPTED, MDB_PAGE_NOTFOUND: .corrupted
            case MDB_PANIC: .panic
            case MDB_VERSION_MISMATCH: .versionMismatch
            case MDB_INVALID: .invalidFile
            case MDB_DBS_FULL: .databasesFull
            case MDB_TXN_FULL, MDB_CURSOR_FULL, MDB_PAGE_FULL: .transactionFull
            case MDB_BAD_TXN, MDB_BAD_RSLOT: .badTransaction
            case MDB_BAD_VALSIZE: .badValueSize
            case MDB_INCOMPATIBLE: .incompatible
            case EACCES, EPERM: .permissionDenied
            case ENOSPC, EDQUOT: .noSpace
            case ENOENT: .fileNotFound
            case EROFS: .readOnly
            case EBUSY, EAGAIN: .busy
            default: .other
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// The raw return code from LMDB or errno; 0 when no call failed.
    public var returnCode: Int32
    /// The LMDB operation that failed, such as `mdb_env_open`.
    public var operation: String
    /// The environment directory (or, for `mkdir`, the directory being made), when known.
    public var path: String?
    /// The named database the operation was about, when it names one (a missing database).
    public var database: String?

    /// Creates an error from an LMDB return code or errno.
    package init(returnCode: Int32, operation: String, path: String? = nil) {
        self.init(code: Code.from(returnCode: returnCode), returnCode: returnCode, operation: operation, path: path)
    }

    /// Creates an error of a given kind.
    package init(code: Code, returnCode: Int32 = 0, operation: String, path: String? = nil, database: String? = nil) {
        self.code = code
        self.returnCode = returnCode
        self.operation = operation
        self.path = path
        self.database = database
    }

    /// LMDB's or the system's own words for ``returnCode`` (`mdb_strerror`).
    public var systemMessage: String { String(cString: mdb_strerror(returnCode)) }

    /// What failed, in facts: the operation, the directory, the database, the system's words.
    public var description: String {
        let at = path.map { " at '\($0)'" } ?? ""
        switch code {
        case .environmentReadOnly:
            return "\(operation)\(at): the environment is open read-only"
        case .notFound where database != nil:
            return "\(operation)\(at): no database named '\(database ?? "")'"
        case _ where returnCode == 0:
            return "\(operation)\(at) failed (\(code))"
        default:
            return "\(operation)\(at) failed: \(systemMessage) (code \(returnCode), \(code))"
        }
    }

    /// Whether the file system holding `path` has less than 16 MiB left for unprivileged writes:
    /// then an `EIO` from a commit is LMDB's report of a short write on a full disk.
    static func diskIsNearlyFull(_ path: String) -> Bool {
        var s = statvfs()
        guard statvfs(path, &s) == 0 else { return false }
        return UInt64(s.f_bavail) * UInt64(s.f_frsize) < 16 << 20
    }
}

/// Throws an ``LMDBError`` when `rc` is not `MDB_SUCCESS`.
@inline(__always)
func check(_ rc: Int32, _ operation: @autoclosure () -> String, path: String? = nil) throws(LMDBError) {
    if rc != MDB_SUCCESS {
        throw LMDBError(returnCode: rc, operation: operation(), path: path)
    }
}

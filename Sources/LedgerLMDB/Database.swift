import LedgerCLMDB

/// A handle to a named database inside an ``Environment``. Cheap to copy; valid for the
/// environment's lifetime.
public struct Database: Sendable, Hashable {
    /// Options of a named database, fixed when it is created.
    public struct Options: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Keys are native-endian unsigned integers of the same size.
        public static let integerKeys = Options(rawValue: UInt32(MDB_INTEGERKEY))
        /// Several sorted values per key.
        public static let duplicateSort = Options(rawValue: UInt32(MDB_DUPSORT))
        /// With ``duplicateSort``: every value has the same size.
        public static let duplicateFixed = Options(rawValue: UInt32(MDB_DUPFIXED))
    }

    /// The name the database was opened with.
    public let name: String
    let dbi: MDB_dbi
}

/// Entry counts and page use of one database.
public struct DatabaseStat: Sendable, Hashable {
    /// The number of entries (key/value pairs).
    public var entries: Int
    /// The B-tree depth.
    public var depth: Int
    /// Branch pages.
    public var branchPages: Int
    /// Leaf pages.
    public var leafPages: Int
    /// Overflow pages (values larger than about half a page).
    public var overflowPages: Int
    /// The page size in bytes.
    public var pageSize: Int

    /// Bytes held by the pages of this database.
    public var bytes: Int { (branchPages + leafPages + overflowPages) * pageSize }
}

import LedgerLMDB

#if canImport(Glibc)
import Glibc
#endif

/// What ``Ledger/backup(to:compact:)`` copied.
public struct BackupReport: Sendable, Hashable {
    /// The copy's directory.
    public var destination: String
    /// The copy's last revision and chain head (hex): the state of the store when the copy began.
    public var lastRevision: UInt64
    public var chainHead: String
    /// Size of the copy's `data.mdb` in bytes.
    public var bytes: Int
    /// Whether the copy verified (hash chain and indexes).
    public var verified: Bool
}

extension Ledger {
    /// Copies the store, consistently while writers run, into the new directory `destination`
    /// (created with mode 0700; its `data.mdb` gets 0600), then opens and verifies the copy.
    ///
    /// The copy is LMDB's `mdb_env_copy2` of one read transaction: it holds every batch committed
    /// before the copy began and nothing of a batch committed later. With `compact`, free pages
    /// are left out (smaller, slower).
    ///
    /// - Throws: ``LedgerError/unsafeStoreFile(path:reason:)`` when `destination` exists and is not an
    ///   empty directory (a backup never overwrites); ``LMDBError``.
    public func backup(to destination: String, compact: Bool = false) throws -> BackupReport {
        try Self.prepareEmptyDestination(destination)
        try environment.copy(to: destination, compact: compact)
        _ = chmod(destination + "/data.mdb", 0o600)
        let copy = try Ledger(path: destination)
        let report = try copy.verify()
        var st = stat()
        _ = stat(destination + "/data.mdb", &st)
        return BackupReport(
            destination: destination, lastRevision: report.eventsChecked, chainHead: report.chainHead,
            bytes: Int(st.st_size), verified: report.isValid)
    }

    /// Restores the store at `source` (a backup) into `destination`, which must not hold a store:
    /// verifies the source, then copies it as ``backup(to:compact:)`` does.
    ///
    /// - Throws: ``LedgerError/logDamaged(revision:reason:)`` when the backup does not verify.
    public static func restore(from source: String, to destination: String) throws -> BackupReport {
        var options = Options()
        options.readOnly = false
        let backup = try Ledger(path: source, options: options)
        let report = try backup.verify()
        if !report.isValid {
            throw LedgerError.logDamaged(
                revision: report.firstBadRevision ?? 0, reason: "the backup does not verify: \(report.problem ?? "")")
        }
        return try backup.backup(to: destination, compact: false)
    }

    /// Creates `path` (0700) or accepts an existing empty directory (not a symbolic link).
    static func prepareEmptyDestination(_ path: String) throws {
        var st = stat()
        if lstat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else {
                throw LedgerError.unsafeStoreFile(
                    path: path, reason: "it exists and is not a directory; name a new directory")
            }
            guard isEmptyDirectory(path) else {
                throw LedgerError.unsafeStoreFile(
                    path: path,
                    reason: "the directory is not empty; a backup or restore never overwrites, name a new directory")
            }
            _ = chmod(path, 0o700)
        } else {
            try makeDirectory(path)
        }
    }

    static func isEmptyDirectory(_ path: String) -> Bool {
        guard let dir = opendir(path) else { return false }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { return false }
        }
        return true
    }
}

import Foundation
import LedgerLMDB
import LedgerTestSupport
import Testing

@testable import Ledger

/// Store files: 0700/0600 on creation, tightened when found looser, and never a symbolic link.
@Suite struct StoreFileTests {
    func mode(_ path: String) -> mode_t {
        var st = stat()
        stat(path, &st)
        return st.st_mode & 0o777
    }

    @Test func aNewStoreIs0700With0600Files() throws {
        let dir = TemporaryDirectory()
        let old = umask(0)
        defer { umask(old) }
        _ = try Ledger(path: dir.file("a/b/store"), create: true)
        #expect(mode(dir.file("a/b/store")) == 0o700)
        #expect(mode(dir.file("a/b/store/data.mdb")) == 0o600)
        #expect(mode(dir.file("a/b/store/lock.mdb")) == 0o600)
    }

    @Test func anEmptyExistingDirectoryAndLooseFilesAreTightened() throws {
        let dir = TemporaryDirectory()
        mkdir(dir.file("store"), 0o755)
        chmod(dir.file("store"), 0o755)
        _ = try Ledger(path: dir.file("store"), create: true)
        #expect(mode(dir.file("store")) == 0o700)
        chmod(dir.file("store/data.mdb"), 0o644)
        _ = try Ledger(path: dir.file("store"), create: false)
        #expect(mode(dir.file("store/data.mdb")) == 0o600)
    }

    @Test func aDirectoryWithOtherFilesKeepsItsMode() throws {
        let dir = TemporaryDirectory()
        chmod(dir.path, 0o755)
        FileManager.default.createFile(atPath: dir.file("notes.txt"), contents: Data())
        _ = try Ledger(path: dir.path, create: true)
        #expect(mode(dir.path) == 0o755, "a directory that holds other files is not ours to lock down")
    }

    @Test(arguments: ["data.mdb", "lock.mdb"])
    func aSymlinkedStoreFileIsRefused(name: String) throws {
        let dir = TemporaryDirectory()
        _ = try Ledger(path: dir.file("store"), create: true)
        let outside = dir.file("outside-\(name)")
        rename(dir.file("store/\(name)"), outside)
        symlink(outside, dir.file("store/\(name)"))
        let before = try Data(contentsOf: URL(fileURLWithPath: outside))
        #expect(
            throws: LedgerError.unsafeStoreFile(
                path: dir.file("store/\(name)"),
                reason: "it is a symbolic link; KubeLedger writes only to regular files inside its store")
        ) {
            try Ledger(path: dir.file("store"), create: true)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: outside)) == before)
    }

    @Test func aStorePathThatIsAFileIsRefused() throws {
        let dir = TemporaryDirectory()
        FileManager.default.createFile(atPath: dir.file("file"), contents: Data("x".utf8))
        #expect(throws: LedgerError.self) { try Ledger(path: dir.file("file"), create: true) }
    }

    @Test func aBackupGoesOnlyIntoANewOrEmptyDirectory() throws {
        let dir = TemporaryDirectory()
        let ledger = try dir.ledger()
        try ledger.append([TestEvents.pod("a")])
        FileManager.default.createFile(atPath: dir.file("full/x"), contents: nil)
        mkdir(dir.file("full"), 0o755)
        FileManager.default.createFile(atPath: dir.file("full/x"), contents: Data())
        #expect(throws: LedgerError.self) { try ledger.backup(to: dir.file("full")) }
        symlink(dir.file("full"), dir.file("link"))
        #expect(throws: LedgerError.self) { try ledger.backup(to: dir.file("link")) }
        let r = try ledger.backup(to: dir.file("copy"), compact: true)
        #expect(r.verified && r.lastRevision == 1)
        #expect(mode(dir.file("copy")) == 0o700 && mode(dir.file("copy/data.mdb")) == 0o600)
        #expect(r.chainHead == Hex.encode(try ledger.head().hash))
    }

    @Test func aFullDiskIsReportedAsSuchNotAsAnIOError() {
        let e = LMDBError(returnCode: ENOSPC, operation: "mdb_txn_commit", path: "/s")
        #expect(e.code == .noSpace)
        #expect(e.returnCode == ENOSPC && e.path == "/s")
        #expect(StorageFailure(e)?.kind == .diskFull)
    }
}

import Foundation
import KubeLedger
@testable import KubeLedgerCommands
@testable import Ledger
import LedgerLMDB
import Testing

/// The lower layers' errors carry facts; the CLI phrases the advice. These are the messages (and
/// exit statuses) users see, asserted here since Ledger and LedgerLMDB no longer hold them.
@Suite struct CommandFailureTests {
    @Test func aMissingStoreDirectoryAdvisesInitOrStore() {
        let f = CommandFailure.from(LMDBError(returnCode: ENOENT, operation: "mdb_env_open", path: "/s"))
        #expect(f.status == .failure)
        #expect(
            f.message == "store at '/s' does not exist (No such file or directory); "
                + "create it with 'kubeledger init' or pass --store")
    }

    @Test func aFullDiskIsReportedAsSuchNotAsAnIOError() {
        let f = CommandFailure.from(LMDBError(returnCode: ENOSPC, operation: "mdb_txn_commit", path: "/s"))
        #expect(f.message.contains("disk holding the store at '/s' is full"))
        #expect(f.message.contains("nothing of this write was stored"))
    }

    @Test func aDamagedFileExitsWithTheIntegrityStatus() {
        let f = CommandFailure.from(LMDBError(code: .corrupted, returnCode: -30796, operation: "mdb_get", path: "/s"))
        #expect(f.status == .integrity)
        #expect(f.message.hasSuffix("restore it from a backup ('kubeledger backup') and run 'kubeledger verify'"))
    }

    @Test func aWriteOnAReadOnlyStoreNamesTheFlag() {
        let f = CommandFailure.from(LMDBError(code: .environmentReadOnly, operation: "mdb_txn_begin", path: "/s"))
        #expect(
            f.message == "the store at '/s' is open read-only (--read-only); open it without --read-only to write")
    }

    @Test func aMissingDatabaseAdvisesMigrate() {
        let f = CommandFailure.from(LMDBError(code: .notFound, operation: "mdb_dbi_open", path: "/s", database: "uids"))
        #expect(
            f.message == "the store at '/s' has no 'uids' database; "
                + "it was not made by this version of KubeLedger or needs 'kubeledger migrate'")
    }

    @Test func anOldFormatAdvisesMigrate() {
        let f = CommandFailure.from(LedgerError.formatMismatch(path: "/s", found: 1, expected: 3))
        #expect(
            f.message == "the store at '/s' has format 1; this kubeledger needs 3: "
                + "run 'kubeledger migrate' (take a 'kubeledger backup' first)")
    }

    @Test func aDamagedRecordMetByAMigrationReadsAsBefore() {
        let cause = LedgerError.corruptRecord(revision: 4, reason: "unknown verb code 238")
        let f = CommandFailure.from(
            LedgerError.migrationFoundDamagedRecord(step: "0002-objects-by-uid", revision: 4, cause: cause))
        #expect(
            f.message == "migration 0002-objects-by-uid failed: record at revision 4 does not decode "
                + "(record at revision 4 is damaged: unknown verb code 238; run 'kubeledger verify'); "
                + "run 'kubeledger verify'; the store was left unchanged in its old format")
    }

    @Test func aDamagedSnapshotAdvisesReplay() {
        let f = CommandFailure.from(ProjectionDecodingError(projection: "pods", message: "bad magic"))
        #expect(f.status == .failure)
        #expect(f.message == "Cannot decode the pods snapshot: bad magic. Rebuild it with `kubeledger replay`.")
    }

    @Test func verifyReportsAnUndecodableRecordWithTheDecodersMessage() {
        var report = VerifyReport()
        report.problem = "record does not decode: record at revision 2 is damaged: truncated header"
        report.decodingError = LedgerError.corruptRecord(revision: 2, reason: "truncated header")
        #expect(
            CommandFailure.problem(of: report)
                == "record does not decode: record at revision 2 is damaged: truncated header; run 'kubeledger verify'")
    }
}

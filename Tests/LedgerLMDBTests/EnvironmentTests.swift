import LedgerLMDB
import LedgerTestSupport
import Testing

@Suite struct EnvironmentTests {
    @Test func writeCommitsOnReturnAndReadSeesIt() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "t")
        try env.write { txn in try txn.put(db, key: [1], value: [2, 3]) }
        let value = try env.read { txn in try txn.getBytes(db, key: [1]) }
        #expect(value == [2, 3])
    }

    @Test func throwingWriteRollsBack() throws {
        struct Boom: Error {}
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "t")
        #expect(throws: Boom.self) {
            try env.write { txn in
                try txn.put(db, key: [1], value: [2])
                throw Boom()
            }
        }
        #expect(try env.read { txn in try txn.getBytes(db, key: [1]) } == nil)
    }

    @Test func mapGrowsByItselfInsteadOfFailingWithMapFull() throws {
        let dir = TemporaryDirectory()
        var config = Environment.Configuration()
        config.mapSize = 1 << 20  // 1 MiB: far too small for what follows
        let env = try Environment(path: dir.path, configuration: config)
        let db = try env.openDatabase(named: "t")
        let value = [UInt8](repeating: 7, count: 3000)
        for batch in 0..<20 {
            try env.write { txn in
                for i in 0..<100 {
                    try txn.put(db, key: ByteEncoding.uint64(UInt64(batch * 100 + i)), value: value)
                }
            }
        }
        #expect(env.info().mapSize > 1 << 20)
        #expect(try env.read { txn in try txn.stat(db).entries } == 2000)
    }

    @Test func aSecondEnvironmentAdoptsAMapGrownByAnother() throws {
        // Two handles on one directory stand in for two processes: LMDB keeps the map size in the
        // file, so the second handle sees MDB_MAP_RESIZED and must adopt the new size by itself.
        let dir = TemporaryDirectory()
        var config = Environment.Configuration()
        config.mapSize = 1 << 20
        let writer = try Environment(path: dir.path, configuration: config)
        let db = try writer.openDatabase(named: "t")
        let other = try Environment(path: dir.path, configuration: config)
        let db2 = try other.openDatabase(named: "t")
        try writer.write { txn in
            for i in 0..<1000 {
                try txn.put(db, key: ByteEncoding.uint64(UInt64(i)), value: [UInt8](repeating: 1, count: 3000))
            }
        }
        let count = try other.read { txn in try txn.stat(db2).entries }
        #expect(count == 1000)
        try other.write { txn in try txn.put(db2, key: ByteEncoding.uint64(5000), value: [1]) }
        #expect(try writer.read { txn in try txn.stat(db).entries } == 1001)
    }

    @Test func cursorSeeksAtLeastAndAtMost() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "t")
        try env.write { txn in
            for k: UInt64 in [10, 20, 30] { try txn.put(db, key: ByteEncoding.uint64(k), value: []) }
        }
        let found: [UInt64?] = try env.read { txn in
            try txn.withCursor(db) { c throws -> [UInt64?] in
                [
                    try c.seek(atLeast: ByteEncoding.uint64(15)).map { ByteEncoding.readUInt64($0.key, at: 0) },
                    try c.seek(atMost: ByteEncoding.uint64(25)).map { ByteEncoding.readUInt64($0.key, at: 0) },
                    try c.seek(atMost: ByteEncoding.uint64(30)).map { ByteEncoding.readUInt64($0.key, at: 0) },
                    try c.seek(atMost: ByteEncoding.uint64(99)).map { ByteEncoding.readUInt64($0.key, at: 0) },
                    try c.seek(atMost: ByteEncoding.uint64(5)).map { ByteEncoding.readUInt64($0.key, at: 0) },
                ]
            }
        }
        #expect(found == [20, 20, 30, 30, nil])
    }

    @Test func missingDirectoryGivesAFileNotFoundErrorNamingIt() throws {
        let error = #expect(throws: LMDBError.self) { try Environment(path: "/nonexistent/kubeledger/store") }
        #expect(error?.code == .fileNotFound)
        #expect(error?.path == "/nonexistent/kubeledger/store")
        #expect(error?.description.contains("'/nonexistent/kubeledger/store'") == true)
    }

    @Test func appendFlagRejectsOutOfOrderKeys() throws {
        let dir = TemporaryDirectory()
        let env = try Environment(path: dir.path)
        let db = try env.openDatabase(named: "t")
        try env.write { txn in try txn.put(db, key: ByteEncoding.uint64(2), value: [], flags: .append) }
        #expect(throws: LMDBError.self) {
            try env.write { txn in try txn.put(db, key: ByteEncoding.uint64(1), value: [], flags: .append) }
        }
    }

    @Test func readOnlyEnvironmentReadsWhatAnotherWrote() throws {
        let dir = TemporaryDirectory()
        do {
            let env = try Environment(path: dir.path)
            let db = try env.openDatabase(named: "t")
            try env.write { txn in try txn.put(db, key: [9], value: [8]) }
        }
        var config = Environment.Configuration()
        config.isReadOnly = true
        let ro = try Environment(path: dir.path, configuration: config)
        let rdb = try ro.openDatabase(named: "t")
        #expect(try ro.read { txn in try txn.getBytes(rdb, key: [9]) } == [8])
    }
}

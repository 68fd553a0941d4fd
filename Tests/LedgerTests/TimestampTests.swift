import Ledger
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-11-26T10:00:00Z", Int64(1_795_687_200) * 1_000_000_000),
        ("1970-01-01T00:00:00Z", 0),
        ("2021-08-10T09:12:05.123456Z", Int64(1_628_586_725) * 1_000_000_000 + 123_456_000),
        ("2026-11-26T11:00:00+01:00", Int64(1_795_687_200) * 1_000_000_000),
        ("1969-12-31T23:59:59.5Z", -500_000_000),
    ])
    func parsesRFC3339(text: String, nanos: Int64) {
        #expect(Timestamp(rfc3339: text)?.nanoseconds == nanos)
    }

    @Test(arguments: [
        "", "yesterday", "2026-13-01T00:00:00Z", "2026-11-26T10:00:00", "2026-11-26T25:00:00Z", "2026-11-26T10:00:00.Z",
    ])
    func rejectsMalformedTimes(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func printsAndParsesBackExactly() {
        for n: Int64 in [0, 1, 999, 1_000_000, 1_628_586_725_123_456_789, -1] {
            let t = Timestamp(nanoseconds: n)
            #expect(Timestamp(rfc3339: t.description) == t)
        }
    }
}

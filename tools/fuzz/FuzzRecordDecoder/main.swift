import FuzzDriver
import Ledger

// The stored-record decoder (reads, verify, repair) on arbitrary bytes: a damaged data.mdb
// hands it exactly such bytes.
runFuzzer { bytes in
    _ = _LedgerFuzzing.decodeRecord(bytes)
}

import FuzzDriver
import KubeLedger

// The watch stream adapter on arbitrary bytes.
runFuzzer { bytes in
    var adapter = WatchStreamAdapter(source: "fuzz")
    adapter.read(bytes) { _ in }
}

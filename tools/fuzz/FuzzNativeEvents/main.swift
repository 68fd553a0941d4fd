import FuzzDriver
import KubeLedger

// The native event line adapter on arbitrary bytes.
runFuzzer { bytes in
    NativeEventAdapter(source: "fuzz").read(bytes) { _ in }
}

import FuzzDriver
import KubeLedger

// ObjectDocumentReader forced onto its YAML path (a comment line first), then YAMLConverter alone.
runFuzzer { bytes in
    var input: [UInt8] = Array("#\n".utf8)
    input.append(contentsOf: bytes)
    _ = try? ObjectDocumentReader().objects(from: input, source: "fuzz")
}

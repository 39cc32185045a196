extension CheckpointPair {
    /// The resume state that goes with a model file: NAME.safetensors → NAME.resume.safetensors
    /// (any other name gets ".resume.safetensors" appended).
    public static func resumePath(forModel modelPath: String) -> String {
        modelPath.hasSuffix(".safetensors")
            ? String(modelPath.dropLast(".safetensors".count)) + ".resume.safetensors"
            : modelPath + ".resume.safetensors"
    }
}

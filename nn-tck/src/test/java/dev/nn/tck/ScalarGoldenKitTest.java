package dev.nn.tck;

/** Every golden file on the scalar reference, through the kit. */
class ScalarGoldenKitTest extends GoldenTestKit {
    @Override
    protected String providerName() {
        return "scalar";
    }
}

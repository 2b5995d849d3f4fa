package dev.nn.init;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a parameter sits in a model: what initialization rules and the lint look at.
 *
 * @param name the dotted name, as in {@code Layer.namedParameters()} (e.g. {@code 0.weight})
 * @param parameter the parameter
 * @param layer the layer that owns it
 * @param nextKind the {@code kind()} of the layer applied after the owner (the next leaf layer in depth-first
 *     order, which for a Sequential is the next layer), or {@code ""} when the owner is the last one
 * @param nextActivation the {@code kind()} of the activation that follows the owner, looking through
 *     normalization and dropout layers ({@code Linear -> BatchNorm1d -> ReLU} gives {@code ReLU}), or {@code ""}
 *     when another kind of layer (or none) comes first
 */
public record ParameterSite(String name, Parameter parameter, Layer layer, String nextKind, String nextActivation) {
    /** {@return the owner's kind, e.g. {@code Linear}} */
    public String kind() {
        return layer.kind();
    }

    /** {@return the parameter's role} */
    public ParameterRole role() {
        return parameter.role();
    }

    /**
     * {@return every parameter with its owner, in {@code namedParameters()} order}
     *
     * @param model a layer tree
     */
    public static List<ParameterSite> of(Layer model) {
        List<Owner> owners = new ArrayList<>();
        collect(model, "", owners);
        List<Layer> leaves = owners.stream().map(Owner::layer).filter(l -> l.children().isEmpty()).toList();
        List<ParameterSite> sites = new ArrayList<>();
        for (Owner owner : owners) {
            List<Layer> after = after(leaves, owner.layer());
            String next = after.isEmpty() ? "" : after.getFirst().kind();
            String activation = activationAmong(after);
            for (Parameter p : owner.layer().ownParameters()) {
                sites.add(new ParameterSite(owner.prefix() + p.name(), p, owner.layer(), next, activation));
            }
        }
        // namedParameters() lists a layer's own parameters before its children's, as the depth-first walk does
        return sites;
    }

    private record Owner(String prefix, Layer layer) {
    }

    private static void collect(Layer layer, String prefix, List<Owner> out) {
        out.add(new Owner(prefix, layer));
        for (Map.Entry<String, Layer> child : layer.children().entrySet()) {
            collect(child.getValue(), prefix + child.getKey() + ".", out);
        }
    }

    private static List<Layer> after(List<Layer> leaves, Layer owner) {
        for (int i = 0; i < leaves.size(); i++) {
            if (leaves.get(i) == owner) {
                return leaves.subList(i + 1, leaves.size());
            }
        }
        return List.of();
    }

    /**
     * @param following the layers applied after a weight's layer, in order
     * @return the kind of the first activation among them, passing normalization and dropout layers (which rescale
     *     or mask but leave the nonlinearity to come), or {@code ""} when another kind of layer (or none) comes first
     */
    static String activationAmong(List<Layer> following) {
        for (Layer layer : following) {
            if (Gain.nonlinearityOf(layer.kind()).isPresent()) {
                return layer.kind();
            }
            if (!normalizationOrDropout(layer)) {
                return "";
            }
        }
        return "";
    }

    // by kind (BatchNorm2d, LayerNorm, GroupNorm, RMSNorm, Dropout, AlphaDropout, GaussianNoise, ...) or by the roles
    // of its parameters (an affine normalization of another name)
    private static boolean normalizationOrDropout(Layer layer) {
        String kind = layer.kind().toLowerCase(Locale.ROOT);
        return kind.contains("norm") || kind.contains("dropout") || kind.contains("noise")
                || !layer.ownParameters().isEmpty() && layer.ownParameters().stream()
                        .allMatch(p -> p.role() == ParameterRole.NORM_SCALE || p.role() == ParameterRole.NORM_SHIFT);
    }
}

package dev.nn.init;

import dev.nn.api.layer.Layer;
import dev.nn.api.layer.Parameter;
import dev.nn.api.layer.ParameterRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a parameter sits in a model: what initialization rules and the lint look at.
 *
 * @param name the dotted name, as in {@code Layer.namedParameters()} (e.g. {@code 0.weight})
 * @param parameter the parameter
 * @param layer the layer that owns it
 * @param nextKind the {@code kind()} of the layer applied after the owner (the next leaf layer in depth-first
 *     order, which for a Sequential is the next layer), or {@code ""} when the owner is the last one
 */
public record ParameterSite(String name, Parameter parameter, Layer layer, String nextKind) {
    /** @return the owner's kind, e.g. {@code Linear} */
    public String kind() {
        return layer.kind();
    }

    /** @return the parameter's role */
    public ParameterRole role() {
        return parameter.role();
    }

    /**
     * @param model a layer tree
     * @return every parameter with its owner, in {@code namedParameters()} order
     */
    public static List<ParameterSite> of(Layer model) {
        List<Owner> owners = new ArrayList<>();
        collect(model, "", owners);
        List<Layer> leaves = owners.stream().map(Owner::layer).filter(l -> l.children().isEmpty()).toList();
        List<ParameterSite> sites = new ArrayList<>();
        for (Owner owner : owners) {
            String next = nextLeafKind(leaves, owner.layer());
            for (Parameter p : owner.layer().ownParameters()) {
                sites.add(new ParameterSite(owner.prefix() + p.name(), p, owner.layer(), next));
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

    private static String nextLeafKind(List<Layer> leaves, Layer owner) {
        for (int i = 0; i < leaves.size(); i++) {
            if (leaves.get(i) == owner) {
                return i + 1 < leaves.size() ? leaves.get(i + 1).kind() : "";
            }
        }
        return "";
    }
}

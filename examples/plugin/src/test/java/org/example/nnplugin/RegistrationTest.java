package org.example.nnplugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The module path ({@code provides}) and the class path ({@code META-INF/services}) see the same providers. */
class RegistrationTest {

    @Test
    void servicesFilesListWhatModuleInfoProvides() throws IOException {
        ModuleDescriptor descriptor = getClass().getModule().getDescriptor();
        assertNotNull(descriptor, "tests must run on the module path");
        Map<String, List<String>> provides = new TreeMap<>();
        Map<String, List<String>> services = new TreeMap<>();
        for (ModuleDescriptor.Provides p : descriptor.provides()) {
            provides.put(p.service(), p.providers());
            try (InputStream in = getClass().getModule().getResourceAsStream("META-INF/services/" + p.service())) {
                assertNotNull(in, "no META-INF/services/" + p.service());
                services.put(p.service(), new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
            }
        }
        assertEquals(3, provides.size(), provides.toString());
        assertEquals(provides, services);
    }
}

package dev.retort.route;

import dev.retort.core.train.DecayPolicy;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** route's trainers decay weight matrices only: slots, gate directions, biases and LayerNorm weights are exempt. */
class DecayGroupsTest {
    @Test
    void theStudentDecaysItsWeightMatricesButNotItsSlotsNormsOrBiases() {
        StudentNet net = new StudentNet(8, 8, 2, 1, 3, 0.0, 0.05, torch.randn(4, 8), torch.randn(4, 8));
        List<String> decays = decaying(net, StudentNet.DECAY);
        assertThat(decays).contains("in_proj.weight", "out_proj.weight").anyMatch(n -> n.startsWith("block0.") && n.endsWith("in_proj_weight"))
                .noneMatch(n -> n.equals("slots") || n.endsWith("bias") || n.contains("norm"));
    }

    @Test
    void theAdapterDecaysItsExpertMapsOnly() {
        assertThat(decaying(new QueryAdapter(8, 2, torch.randn(2, 8), 0.1), QueryAdapter.DECAY)).containsExactly("experts");
    }

    private static List<String> decaying(Module module, DecayPolicy.MatricesOnly policy) {
        List<String> names = new ArrayList<>();
        var named = module.named_parameters(true);
        for (long i = 0; i < named.size(); i++) {
            if (policy.decays(named.get(i).key().getString(), named.get(i).value().dim())) names.add(named.get(i).key().getString());
        }
        return names;
    }
}

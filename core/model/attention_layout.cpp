#include "core/model/attention_layout.h"

#include <cctype>
#include <charconv>
#include <vector>

namespace tw::model {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

/// A whole number >= 1 (and at most 1e12, so sums of counts cannot overflow), or -1.
long long positive(std::string_view s)
{
    s = trim(s);
    long long value = 0;
    const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (error != std::errc() || end != s.data() + s.size() || value < 1
        || value > 1'000'000'000'000)
        return -1;
    return value;
}

/// The arguments of "kind(a,b)" as numbers; empty when there are no parentheses.
bool arguments(std::string_view term, std::string_view &kind, std::vector<long long> &args)
{
    const std::size_t open = term.find('(');
    if (open == std::string_view::npos) {
        kind = trim(term);
        return true;
    }
    if (term.back() != ')')
        return false;
    kind = trim(term.substr(0, open));
    std::string_view inside = term.substr(open + 1, term.size() - open - 2);
    while (true) {
        const std::size_t comma = inside.find(',');
        const long long value = positive(inside.substr(0, comma));
        if (value < 0)
            return false;
        args.push_back(value);
        if (comma == std::string_view::npos)
            return true;
        inside.remove_prefix(comma + 1);
    }
}

} // namespace

AttentionLayout parseAttentionLayout(std::string_view text, int layers, std::string &problem)
{
    AttentionLayout layout;
    problem.clear();
    text = trim(text);
    if (text.empty()) {
        layout.fullLayers = layers;
        return layout;
    }
    const std::string quoted = "\"" + std::string(text) + "\"";
    auto fail = [&](const std::string &why) {
        problem = why + " in " + quoted + "; write terms COUNT*KIND joined by +, with KIND one of "
                  + std::string(kAttentionLayoutKinds);
        return AttentionLayout{};
    };
    long long counted = 0;
    std::string_view rest = text;
    while (!rest.empty()) {
        const std::size_t plus = rest.find('+');
        const std::string_view term = trim(rest.substr(0, plus));
        rest = plus == std::string_view::npos ? std::string_view{} : rest.substr(plus + 1);
        const std::size_t star = term.find('*');
        if (star == std::string_view::npos)
            return fail("term \"" + std::string(term) + "\" has no COUNT*");
        const long long count = positive(term.substr(0, star));
        if (count < 0)
            return fail("the count of \"" + std::string(term) + "\" is not a whole number >= 1");
        std::string_view kind;
        std::vector<long long> args;
        if (!arguments(term.substr(star + 1), kind, args))
            return fail("the arguments of \"" + std::string(term)
                        + "\" are not whole numbers >= 1 in parentheses");
        counted += count;
        if (counted > layers)
            break;
        const int n = static_cast<int>(count);
        auto argumentsAre = [&](std::size_t expected) { return args.size() == expected; };
        if (kind == "full" && argumentsAre(0)) {
            layout.fullLayers += n;
        } else if ((kind == "window" || kind == "chunk") && argumentsAre(1)) {
            if (args[0] > 100'000'000)
                return fail("window " + std::to_string(args[0]) + " is above 100000000 tokens");
            if (layout.windowTokens != 0 && layout.windowTokens != args[0])
                return fail("two window sizes (" + std::to_string(layout.windowTokens) + " and "
                            + std::to_string(args[0]) + "), which the engine cannot represent");
            layout.windowLayers += n;
            layout.windowTokens = static_cast<int>(args[0]);
        } else if (kind == "mla" && argumentsAre(2)) {
            if (layout.mlaLayers != 0
                && (layout.mlaLatentRank != args[0] || layout.mlaRopeDim != args[1]))
                return fail("two MLA latent sizes");
            if (args[0] > 1'000'000 || args[1] > 1'000'000)
                return fail("an MLA latent above 1000000 elements");
            layout.mlaLayers += n;
            layout.mlaLatentRank = static_cast<int>(args[0]);
            layout.mlaRopeDim = static_cast<int>(args[1]);
        } else if (kind == "mamba" && argumentsAre(1)) {
            if (layout.stateSpaceLayers != 0
                && layout.stateElementsPerLayer != static_cast<double>(args[0]))
                return fail("two state sizes");
            layout.stateSpaceLayers += n;
            layout.stateElementsPerLayer = static_cast<double>(args[0]);
        } else if (kind == "mlp" && argumentsAre(0)) {
            layout.mlpLayers += n;
        } else {
            return fail("\"" + std::string(term.substr(star + 1))
                        + "\" is not a layer kind the engine can simulate");
        }
    }
    if (counted != layers)
        return fail("the counts add up to " + std::to_string(counted)
                    + (counted > layers ? "+" : "") + ", not the model's " + std::to_string(layers)
                    + " layers");
    if (layout.growingLayers() == 0)
        return fail("no full or MLA layer (the engine measures the KV cache in tokens of those "
                    "layers)");
    return layout;
}

} // namespace tw::model

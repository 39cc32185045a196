// Defines the table of one kernel set from the kernels of kernels_body.h. An ISA file defines
// TABLE_NAME, SET_NAME, SET and KF(name) (float kernel) / KD(name) (double kernel) first.
// Intentionally no include guard.

#define DESCENT_TABLE_ENTRIES(KX)                                                                   \
    .sgd = KX(sgd), .sgd_momentum = KX(sgd_momentum), .adagrad = KX(adagrad), .rmsprop = KX(rmsprop), \
    .adam = KX(adam), .relu = KX(relu), .relu_in_place = KX(relu_in_place), .leaky_relu = KX(leaky_relu),                               \
    .piecewise_slope = KX(piecewise_slope), .backward_bias = KX(backward_bias),                    \
    .relu_backward_bias_over_mask = KX(relu_backward_bias_over_mask),                    \
    .multiply = KX(multiply),                                                                      \
    .smooth_forward = KX(smooth_forward), .smooth_r_backward = KX(smooth_r_backward),              \
    .column_sums = KX(column_sums), .cross_entropy = KX(cross_entropy),                            \
    .cross_entropy_r = KX(cross_entropy_r), .squared_error = KX(squared_error), .scale = KX(scale),\
    .largest_magnitude_word = KX(largest_magnitude_word),                                          \
    .broadcast_rows = KX(broadcast_rows),                                                          \
    .divide_by_invariant = KX(divide_by_invariant_loop),                                           \
    .exp_loop = KX(exp_loop), .exp_is_vectorized = KX(exp_is_vectorized),                          \
    .bn_variance = KX(bn_variance), .bn_forward = KX(bn_forward), .bn_backward = KX(bn_backward),  \
    .bn_r_normalize = KX(bn_r_normalize), .bn_r_forward = KX(bn_r_forward),                        \
    .bn_r_backward = KX(bn_r_backward)

const descent_kernel_table TABLE_NAME = {
    .name = SET_NAME,
    .set = SET,
    .f32 = { DESCENT_TABLE_ENTRIES(KF) },
    .f64 = { DESCENT_TABLE_ENTRIES(KD) },
};

#undef DESCENT_TABLE_ENTRIES

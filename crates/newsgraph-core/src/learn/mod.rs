//! Learn: the machine-learning core the tagger and the parser share: the averaged
//! perceptron over hashed features.

pub mod perceptron;

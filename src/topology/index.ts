export { NodeKind, LinkKind, NODE_KIND_NAMES, LINK_KIND_NAMES, GraphBuilder, type Graph } from './graph.js';

// Public face of the timeline: the space-time diagram component and the pure pieces a page or test may reuse.

export { SpaceTimeDiagram, type SpaceTimeDiagramProps } from './SpaceTimeDiagram.tsx';
export { TimelineModel, type MessageKind, type MessageSegment, type RoleBand, type ActionMark } from './timeline-model.ts';
export type { TimelineTheme, TimelinePalette } from './timeline-theme.ts';

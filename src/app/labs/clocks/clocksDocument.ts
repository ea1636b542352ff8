// The diagram being edited lives in the kernel (kernel/protocols/clocks/document.ts) so the clocks worker can build it too; the lab imports it from here.
export * from '../../../kernel/protocols/clocks/document.ts';
